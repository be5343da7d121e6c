using Microsoft.Extensions.Configuration;

namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>Flattens a resolved HOCON tree into configuration keys (see <see cref="HoconConfigurationSource"/>).</summary>
public sealed class HoconConfigurationProvider(HoconConfigurationSource source) : ConfigurationProvider
{
    public override void Load()
    {
        var root = source.Root ?? LoadFile();
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in root.Fields)
        {
            Flatten(data, key, value);
        }

        Data = data;
    }

    private HoconObject LoadFile()
    {
        if (string.IsNullOrEmpty(source.Path))
        {
            throw new InvalidOperationException("HoconConfigurationSource needs a Path or a Root.");
        }

        if (source.Optional && !File.Exists(source.Path))
        {
            return HoconObject.Empty;
        }

        return HoconDocument.Load(source.Path).Resolve(source.ResolveOptions);
    }

    private static void Flatten(Dictionary<string, string?> data, string prefix, HoconValue value)
    {
        switch (value)
        {
            case HoconObject { Fields.Count: > 0 } obj:
                foreach (var (key, child) in obj.Fields)
                {
                    Flatten(data, ConfigurationPath.Combine(prefix, key), child);
                }

                break;
            case HoconArray { Items.Count: > 0 } array:
                for (var i = 0; i < array.Items.Count; i++)
                {
                    Flatten(data, ConfigurationPath.Combine(prefix, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), array.Items[i]);
                }

                break;
            case HoconString s:
                data[prefix] = s.Value;
                break;
            case HoconNumber or HoconBoolean:
                data[prefix] = value.ToString();
                break;
            default:
                // null, and empty objects and arrays, are present without a value (as in the JSON provider).
                data[prefix] = null;
                break;
        }
    }
}
