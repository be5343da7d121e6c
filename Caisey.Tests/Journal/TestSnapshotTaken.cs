namespace Caisey.Tests.Journal;

public sealed record TestSnapshotTaken(int Count, string State);
