namespace Caisey.Node.Journal;

/// <summary>An event or snapshot could not be serialized; only its own append fails.</summary>
public sealed class JournalSerializationException(string message, Exception? inner = null) : Exception(message, inner);
