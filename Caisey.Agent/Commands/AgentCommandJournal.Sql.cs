namespace Caisey.Agent.Commands;

public sealed partial class AgentCommandJournal
{
    private const string Pragmas = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        PRAGMA busy_timeout = 5000;
        """;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS commands (
            command_id     TEXT PRIMARY KEY,
            started_at     TEXT NOT NULL,
            finished_at    TEXT,
            exit_code      INTEGER,
            failure_reason TEXT,
            detail         TEXT,
            output_bytes   INTEGER,
            truncated      INTEGER,
            duration_ms    INTEGER
        );
        CREATE TABLE IF NOT EXISTS command_output (
            command_id TEXT NOT NULL REFERENCES commands (command_id),
            seq        INTEGER NOT NULL,
            stream     INTEGER NOT NULL,
            data       TEXT NOT NULL,
            PRIMARY KEY (command_id, seq)
        );
        """;

    private const string InsertStarted =
        "INSERT INTO commands (command_id, started_at) VALUES ($id, $at) ON CONFLICT (command_id) DO NOTHING;";

    private const string UpdateFinished = """
        UPDATE commands SET finished_at = $at, exit_code = $exitCode, failure_reason = $reason, detail = $detail,
            output_bytes = $outputBytes, truncated = $truncated, duration_ms = $durationMs
        WHERE command_id = $id AND finished_at IS NULL;
        """;

    private const string InsertOutput =
        "INSERT INTO command_output (command_id, seq, stream, data) VALUES ($id, $seq, $stream, $data);";

    private const string SelectCommand = """
        SELECT started_at, finished_at, exit_code, failure_reason, detail, output_bytes, truncated, duration_ms
        FROM commands WHERE command_id = $id;
        """;

    private const string SelectOutput =
        "SELECT seq, stream, data FROM command_output WHERE command_id = $id ORDER BY seq;";
}
