namespace Caisey.Tests.Ops;

/// <summary>The ops tests share one <see cref="OpsFleet"/>; none of them changes which entities are live.</summary>
[CollectionDefinition(Name)]
public sealed class OpsCollection : ICollectionFixture<OpsFleet>
{
    public const string Name = "ops";
}
