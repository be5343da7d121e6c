namespace Caisey.Node.Endpoints;

/// <summary>Effect: the bridge should deliver the pending consent request to the agent (now, or when it connects).</summary>
public sealed record ApprovalRequestSend(string EndpointId, ApprovalRequestRecord Request);
