using System.Text.Json;

namespace Caisey.Agent.Enrollment;

/// <summary>
/// Keeps the agent's <see cref="AgentCredential"/> in <c>DATA_DIR/credential.json</c>, readable by the
/// agent's user only (mode 0600, directory 0700 where the OS has modes). Saves are atomic: a new file
/// is written and flushed to disk beside the old one, then renamed over it.
/// </summary>
public sealed class CredentialStore(string dataDirectory)
{
    public const string FileName = "credential.json";

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;

    public string FilePath { get; } = Path.Combine(dataDirectory, FileName);

    public bool Exists => File.Exists(FilePath);

    public async ValueTask SaveAsync(AgentCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(dataDirectory);
        else
            Directory.CreateDirectory(dataDirectory, OwnerOnlyDirectory);

        var temporary = Path.Combine(dataDirectory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            fileOptions.UnixCreateMode = OwnerOnlyFile;
        try
        {
            await using (var stream = new FileStream(temporary, fileOptions))
            {
                await JsonSerializer.SerializeAsync(stream, credential, AgentJsonContext.Default.AgentCredential, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, FilePath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The saved credential, or null when the agent is not enrolled.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a valid credential.</exception>
    public async ValueTask<AgentCredential?> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(FilePath))
            return null;
        await using var stream = File.OpenRead(FilePath);
        try
        {
            var credential = await JsonSerializer.DeserializeAsync(stream, AgentJsonContext.Default.AgentCredential, cancellationToken).ConfigureAwait(false);
            if (credential is null || credential.ServerUrls.Count == 0 || string.IsNullOrEmpty(credential.EndpointId) || string.IsNullOrEmpty(credential.Credential))
                throw new InvalidDataException($"'{FilePath}' does not hold a complete credential (serverUrls, endpointId, credential); enroll again.");
            return credential;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{FilePath}' is not a valid credential file: {e.Message} Enroll again.", e);
        }
    }
}
