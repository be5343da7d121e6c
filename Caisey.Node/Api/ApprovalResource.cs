namespace Caisey.Node.Api;

/// <summary>The machine's approval posture. Until approval policies exist no consent is required (<c>state: "not-required"</c>).</summary>
public sealed record ApprovalResource(bool Required, string State)
{
    public static ApprovalResource NotRequired { get; } = new(false, "not-required");
}
