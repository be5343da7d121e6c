namespace Caisey.Protocol.Frames;

/// <summary>
/// Node → agent: run <paramref name="Script"/> once. <paramref name="Shell"/> is <c>sh</c>, <c>bash</c>,
/// <c>pwsh</c> or <c>cmd</c>; null means the agent's default for its OS. The agent answers with
/// <see cref="Ack"/>, then <see cref="CommandAccepted"/>, output and a finish or failure. A command id
/// the agent has seen before is answered from its journal, never run again. A <paramref name="Notice"/> (approval
/// policy <c>notify</c>) is shown to the machine's user before the command runs.
/// </summary>
public sealed record RunCommand(
    string Id,
    string CommandId,
    string Script,
    string? Shell,
    int TimeoutSeconds,
    long OutputLimitBytes,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? Notice = null) : Frame(Id)
{
    public override string? Validate() => FirstProblem(
        base.Validate(),
        Required(CommandId, "commandId"),
        Required(Script, "script"),
        TimeoutSeconds <= 0 ? "'timeoutSeconds' must be positive" : null,
        OutputLimitBytes <= 0 ? "'outputLimitBytes' must be positive" : null);
}
