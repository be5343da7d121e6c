namespace Caisey.Node.Journal;

/// <summary>An event or snapshot as stored: its manifest and its bytes.</summary>
internal readonly record struct SerializedEvent(string Manifest, byte[] Payload);
