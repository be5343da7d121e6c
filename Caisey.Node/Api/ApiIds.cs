using Caisey.Node.Storage;

namespace Caisey.Node.Api;

/// <summary>Unguessable ids for what the API creates (about 130 random bits each).</summary>
public static class ApiIds
{
    public static string NewCommandId() => "cmd_" + Secrets.NewToken("")[..22];

    public static string NewApprovalId() => "apr_" + Secrets.NewToken("")[..22];

    public static string NewBatchId() => "bat_" + Secrets.NewToken("")[..22];
}
