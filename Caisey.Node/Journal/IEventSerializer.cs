namespace Caisey.Node.Journal;

/// <summary>Turns events and snapshots into bytes plus a manifest (a stable type name) and back.</summary>
/// <remarks>Throws <see cref="JournalSerializationException"/> for a type it does not know.</remarks>
public interface IEventSerializer
{
    (string Manifest, byte[] Payload) Serialize(object value);

    object Deserialize(string manifest, ReadOnlySpan<byte> payload);
}
