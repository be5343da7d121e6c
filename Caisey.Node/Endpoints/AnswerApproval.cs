namespace Caisey.Node.Endpoints;

/// <summary>The end user's answer, as the agent reported it.</summary>
public sealed record AnswerApproval(string RequestId, bool Granted) : IEndpointMessage;
