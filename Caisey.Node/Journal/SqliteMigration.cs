namespace Caisey.Node.Journal;

/// <summary>One step of the SQLite journal schema: after it runs, <c>PRAGMA user_version</c> is <paramref name="Version"/>.</summary>
internal sealed record SqliteMigration(int Version, string Description, string Sql);
