namespace Caisey.Node.Ops;

/// <summary>The parts of an RFC 9457 problem the <c>ops</c> CLI prints.</summary>
public sealed record OpsProblem(string? Title, int? Status, string? Detail);
