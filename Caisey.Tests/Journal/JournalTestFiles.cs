namespace Caisey.Tests.Journal;

/// <summary>A private temporary directory for one test's journal files, deleted on dispose.</summary>
internal sealed class JournalTestFiles : IDisposable
{
    public JournalTestFiles() => Directory.CreateDirectory(DirectoryPath);

    public string DirectoryPath { get; } = Path.Combine(Path.GetTempPath(), "caisey-journal-tests", Guid.NewGuid().ToString("N"));

    public string File(string name = "journal.db") => Path.Combine(DirectoryPath, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(DirectoryPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a killed child is left for the OS temp cleaner.
        }
    }
}
