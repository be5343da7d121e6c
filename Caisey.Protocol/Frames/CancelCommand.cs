namespace Caisey.Protocol.Frames;

/// <summary>Node → agent: stop the command; the agent kills its process tree and reports <see cref="CommandFailed"/> with reason <c>cancelled</c>.</summary>
public sealed record CancelCommand(string Id, string CommandId) : Frame(Id)
{
    public override string? Validate() => FirstProblem(base.Validate(), Required(CommandId, "commandId"));
}
