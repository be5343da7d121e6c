using System.Text.Json.Serialization;

namespace Caisey.Node.Endpoints;

/// <summary>Why a command did not succeed; serialized with the API's names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FailureReason>))]
public enum FailureReason
{
    [JsonStringEnumMemberName("timed-out")] TimedOut,
    [JsonStringEnumMemberName("agent-restarted")] AgentRestarted,
    [JsonStringEnumMemberName("rejected")] Rejected,
    [JsonStringEnumMemberName("approval-denied")] ApprovalDenied,
    [JsonStringEnumMemberName("output-limit")] OutputLimit,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    [JsonStringEnumMemberName("expired")] Expired,
    [JsonStringEnumMemberName("error")] Error,
}
