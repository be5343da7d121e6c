using Caisey.Node.Endpoints;

namespace Caisey.Node.Api;

/// <summary>A batch: one command per target, each with its own lifecycle.</summary>
/// <param name="Rejected">Targets whose entity refused the command (rare: a target checked just before), with why.</param>
public sealed record BatchResult(string BatchId, IReadOnlyList<CommandView> Commands, IReadOnlyList<BatchRejection> Rejected);
