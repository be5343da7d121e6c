namespace Caisey.Node.Journal;

/// <summary>A journal's stored schema cannot be used by this build (for example, it was written by a newer version).</summary>
public sealed class JournalSchemaException(string message, Exception? inner = null) : Exception(message, inner);
