namespace Caisey.Tests.Journal;

public sealed record LargeEventHappened(byte[] Data);
