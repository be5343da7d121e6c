namespace Caisey.Node.Ops;

/// <summary>Exit codes of <c>ops</c> verbs (docs/ops.md). 1 is System.CommandLine's: unknown verb or bad usage.</summary>
public static class OpsExitCodes
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int Failed = 2;
    public const int Unreachable = 3;
    public const int Unauthorized = 4;
    public const int NotFound = 5;
    public const int Refused = 6;
}
