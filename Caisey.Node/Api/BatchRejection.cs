namespace Caisey.Node.Api;

/// <summary>A batch target that did not get its command, and why.</summary>
public sealed record BatchRejection(string EndpointId, string Detail);
