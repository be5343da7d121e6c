namespace Caisey.Tests.Journal;

public sealed record TestEventHappened(string Text);
