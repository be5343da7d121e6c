namespace Caisey.Tests.EndToEnd;

/// <summary>
/// The end-to-end tests run real node and agent processes and measure timing; they run one at a time so that they
/// do not starve each other (or the rest of the suite) of CPU. Filter them with <c>Category=EndToEnd</c> or
/// <c>FullyQualifiedName~EndToEnd</c>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "EndToEnd";

    public const string Category = "Category";
}
