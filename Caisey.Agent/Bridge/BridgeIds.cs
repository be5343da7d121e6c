namespace Caisey.Agent.Bridge;

/// <summary>Ids of the frames the agent sends: unique, never reused, so the node can dedupe a resend.</summary>
internal static class BridgeIds
{
    public static string New() => "a-" + Guid.NewGuid().ToString("N");
}
