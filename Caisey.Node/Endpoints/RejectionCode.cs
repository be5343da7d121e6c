using System.Text.Json.Serialization;

namespace Caisey.Node.Endpoints;

/// <summary>Why an endpoint refused a message.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RejectionCode>))]
public enum RejectionCode
{
    [JsonStringEnumMemberName("not-enrolled")] NotEnrolled,
    [JsonStringEnumMemberName("unknown-command")] UnknownCommand,
    [JsonStringEnumMemberName("invalid-transition")] InvalidTransition,
    [JsonStringEnumMemberName("invalid-command")] InvalidCommand,
}
