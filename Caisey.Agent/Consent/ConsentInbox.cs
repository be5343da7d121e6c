using System.Text.Json;

namespace Caisey.Agent.Consent;

/// <summary>
/// The machine user's side of approvals: the node's latest request in <c>DATA_DIR/approval.json</c> (0600, written
/// atomically). The running agent stores requests; <c>Caisey.Agent approve | deny</c> answers them; the running agent
/// sends the answer. Answering after the expiry is refused here, and the node treats silence as a no anyway.
/// </summary>
public sealed class ConsentInbox(string dataDirectory)
{
    public string FilePath { get; } = Path.Combine(dataDirectory, "approval.json");

    /// <summary>Where notices for the machine's user go (approval policy <c>notify</c>), one line each.</summary>
    public string NoticesPath => Path.Combine(Path.GetDirectoryName(FilePath)!, "notices.log");

    /// <summary>Appends a notice for the machine's user.</summary>
    public void Notify(string notice, DateTimeOffset at) =>
        File.AppendAllText(NoticesPath, $"{at:O} {notice.ReplaceLineEndings(" ")}{Environment.NewLine}");

    /// <summary>The newest notice, or null.</summary>
    public string? LastNotice() => File.Exists(NoticesPath) ? File.ReadLines(NoticesPath).LastOrDefault() : null;

    public ConsentRequest? Load()
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), ConsentJsonContext.Default.ConsentRequest);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Keeps a new request; a request already kept (same id) keeps its answer.</summary>
    public void Store(ConsentRequest request)
    {
        if (Load() is { } current && current.RequestId == request.RequestId)
            return;
        Save(request);
    }

    /// <summary>Answers the pending request.</summary>
    /// <returns>The answered request, or null with <paramref name="problem"/> when there is nothing to answer.</returns>
    public ConsentRequest? Answer(bool granted, DateTimeOffset now, out string? problem)
    {
        var request = Load();
        problem = request switch
        {
            null => "no pending approval request",
            { Granted: not null } => $"the request {request.RequestId} was already answered ({(request.Granted == true ? "approved" : "denied")})",
            _ when request.ExpiresAt <= now => $"the request {request.RequestId} expired at {request.ExpiresAt:O}; it counts as denied",
            _ => null,
        };
        if (problem is not null)
            return null;
        var answered = request! with { Granted = granted, AnsweredAt = now };
        Save(answered);
        return answered;
    }

    private void Save(ConsentRequest request)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var temp = FilePath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, request, ConsentJsonContext.Default.ConsentRequest);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, FilePath, overwrite: true);
    }
}
