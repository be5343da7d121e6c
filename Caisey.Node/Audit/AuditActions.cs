namespace Caisey.Node.Audit;

/// <summary>The audit log's action names.</summary>
public static class AuditActions
{
    public const string CommandSubmitted = "command.submitted";
    public const string CommandDispatched = "command.dispatched";
    public const string CommandAcknowledged = "command.acknowledged";
    public const string CommandRunning = "command.running";
    public const string CommandSucceeded = "command.succeeded";
    public const string CommandFailed = "command.failed";
    public const string CommandCancelled = "command.cancelled";
    public const string CommandExpired = "command.expired";
    public const string CommandCancelRequested = "command.cancel-requested";
    public const string Login = "auth.login";
    public const string LoginFailed = "auth.login-failed";
    public const string Logout = "auth.logout";
    public const string UserCreated = "user.created";
    public const string ClientGroupCreated = "client-group.created";
    public const string EnrollmentTokenIssued = "enrollment-token.issued";
    public const string EndpointEnrolled = "endpoint.enrolled";
    public const string TranscriptCreated = "transcript.created";
    public const string TranscriptUpdated = "transcript.updated";
    public const string TranscriptPublished = "transcript.published";
    public const string TranscriptRevoked = "transcript.revoked";
}
