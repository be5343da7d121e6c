namespace Caisey.Tests.Journal;

/// <summary>An event type the test serializer has no manifest for, so appending it must fail.</summary>
public sealed record NotRegisteredEvent(string Text);
