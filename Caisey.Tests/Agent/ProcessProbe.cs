namespace Caisey.Tests.Agent;

/// <summary>Asks Linux whether a process id is a live process (not gone, not a zombie).</summary>
public static class ProcessProbe
{
    public static bool IsAlive(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        var state = stat[(stat.LastIndexOf(')') + 2)..][0];
        return state is not ('Z' or 'X' or 'x');
    }

    public static int ReadPid(string path) => int.Parse(File.ReadAllText(path).Trim(), System.Globalization.CultureInfo.InvariantCulture);
}
