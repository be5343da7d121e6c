using System.Text.Json.Serialization;

namespace Caisey.Protocol.Frames;

/// <summary>
/// One message on the agent ↔ node RPC bridge: a small JSON object whose <c>type</c> names the frame
/// and whose <c>id</c> is its correlation id. Encode and decode through <see cref="FrameCodec"/>.
/// </summary>
/// <remarks>
/// A frame whose <see cref="ExpectsAck"/> is true is a request: the receiver answers it with an
/// <see cref="Ack"/> whose <c>correlationId</c> is this frame's <see cref="Id"/>. <see cref="Hello"/> is
/// answered by <see cref="Welcome"/> and <see cref="Ping"/> by <see cref="Pong"/> instead.
/// Unknown JSON properties are ignored, so a newer peer may add fields.
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Hello), "hello")]
[JsonDerivedType(typeof(CheckIn), "check-in")]
[JsonDerivedType(typeof(Ack), "ack")]
[JsonDerivedType(typeof(CommandAccepted), "command-accepted")]
[JsonDerivedType(typeof(CommandStarted), "command-started")]
[JsonDerivedType(typeof(OutputChunk), "output-chunk")]
[JsonDerivedType(typeof(CommandFinished), "command-finished")]
[JsonDerivedType(typeof(CommandFailed), "command-failed")]
[JsonDerivedType(typeof(Pong), "pong")]
[JsonDerivedType(typeof(Welcome), "welcome")]
[JsonDerivedType(typeof(RunCommand), "run-command")]
[JsonDerivedType(typeof(CancelCommand), "cancel-command")]
[JsonDerivedType(typeof(Ping), "ping")]
[JsonDerivedType(typeof(Close), "close")]
[JsonDerivedType(typeof(ApprovalRequest), "approval-request")]
[JsonDerivedType(typeof(ApprovalAnswer), "approval-answer")]
public abstract record Frame(string Id)
{
    /// <summary>True when the receiver must answer this frame with an <see cref="Ack"/>.</summary>
    [JsonIgnore]
    public virtual bool ExpectsAck => true;

    /// <summary>Checks values that JSON alone cannot; returns what is wrong, or null when the frame is valid.</summary>
    public virtual string? Validate() => string.IsNullOrWhiteSpace(Id) ? "'id' must not be empty" : null;

    /// <summary>Helper for derived frames: the first non-null problem, if any.</summary>
    protected static string? FirstProblem(params ReadOnlySpan<string?> problems)
    {
        foreach (var problem in problems)
        {
            if (problem is not null)
                return problem;
        }
        return null;
    }

    /// <summary>Helper for derived frames: a problem when <paramref name="value"/> is empty.</summary>
    protected static string? Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? $"'{name}' must not be empty" : null;
}
