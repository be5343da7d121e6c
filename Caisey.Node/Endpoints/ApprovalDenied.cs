namespace Caisey.Node.Endpoints;

/// <summary>The request was answered no, or (<paramref name="Expired"/>) not answered in time, which also means no.</summary>
public sealed record ApprovalDenied(string RequestId, bool Expired, DateTimeOffset At);
