namespace Caisey.Node.Ops;

/// <summary>An <c>ops</c> verb failed: <see cref="Exception.Message"/> is for the operator, <see cref="ExitCode"/> for scripts.</summary>
public sealed class OpsFailure : Exception
{
    public OpsFailure()
    {
    }

    public OpsFailure(string message)
        : base(message)
    {
    }

    public OpsFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OpsFailure(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; } = OpsExitCodes.Failed;
}
