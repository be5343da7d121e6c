namespace Caisey.Node.Storage;

/// <summary>
/// A store's tables on either provider: its SQLite migrations (run in order, tracked by <c>PRAGMA user_version</c> of its
/// own file) and its PostgreSQL migrations (tracked per <paramref name="Component"/> in the shared database).
/// </summary>
public sealed record SqlSchema(string Component, IReadOnlyList<string> Sqlite, IReadOnlyList<string> Postgres);
