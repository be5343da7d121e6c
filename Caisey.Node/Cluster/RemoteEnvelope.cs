using System.Text.Json;

namespace Caisey.Node.Cluster;

/// <summary>A message or reply between nodes: its type name (see <see cref="RemoteMessages"/>) and its JSON; a null type is a null reply.</summary>
public sealed record RemoteEnvelope(string? Type, JsonElement? Body);
