namespace Caisey.Node.Endpoints;

/// <summary>A command as the bridge sends it: its spec and where it stands. The reply to <see cref="GetDispatch"/>.</summary>
/// <param name="Dispatchable">Queued, released and not expired at the time of the reply: it may be dispatched now.</param>
/// <param name="CancelRequested">Cancelling was requested while the agent may have it: send the agent a cancel.</param>
public sealed record CommandDispatch(
    string CommandId,
    CommandStatus Status,
    string Script,
    string? Shell,
    int? TimeoutSeconds,
    int Attempts,
    bool Dispatchable,
    bool CancelRequested,
    string SubmittedBy = "")
{
    public static CommandDispatch From(EndpointState state, CommandRecord command, DateTimeOffset now) => new(
        command.Id, command.Status, command.Script, command.Shell, command.TimeoutSeconds, command.Attempts,
        state.CanDispatch(command, now), command.CancelRequestedAt is not null, command.SubmittedBy);
}
