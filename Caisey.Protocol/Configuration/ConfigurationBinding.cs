using System.Globalization;
using System.Reflection;
using System.Text;
using Caisey.Protocol.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace Caisey.Protocol.Configuration;

/// <summary>
/// Binds an options class from HOCON-shaped configuration: kebab-case keys, HOCON durations
/// (<c>10s</c>, <c>2 minutes</c>) for <see cref="TimeSpan"/> and sizes (<c>4MiB</c>) for properties marked <see cref="ByteSizeAttribute"/>.
/// </summary>
public static class ConfigurationBinding
{
    /// <exception cref="FormatException">Lists every value that could not be read, with its key.</exception>
    public static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        var options = new T();
        var errors = new List<string>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var relative = property.GetCustomAttribute<ConfigKeyAttribute>()?.Path.Replace('.', ':') ?? Kebab(property.Name);
            var key = section + ":" + relative;
            var target = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            try
            {
                if (target == typeof(string[]) || target == typeof(IReadOnlyList<string>))
                {
                    var items = configuration.GetSection(key).GetChildren().OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)).Select(c => c.Value ?? "").ToArray();
                    if (configuration.GetSection(key).Exists() || items.Length > 0)
                        property.SetValue(options, items);
                    continue;
                }
                var raw = configuration[key];
                if (raw is null)
                    continue;
                property.SetValue(options, Convert(raw, target, property.IsDefined(typeof(ByteSizeAttribute))));
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                errors.Add($"{key.Replace(':', '.')}: {e.Message}");
            }
        }
        if (errors.Count > 0)
            throw new FormatException("Invalid configuration: " + string.Join("; ", errors));
        return options;
    }

    private static object Convert(string raw, Type target, bool isSize)
    {
        if (target == typeof(string)) return raw;
        if (target == typeof(TimeSpan)) return HoconDuration.Parse(raw);
        if (target == typeof(bool)) return bool.Parse(raw);
        if (isSize) return System.Convert.ChangeType(HoconSize.Parse(raw), target, CultureInfo.InvariantCulture);
        if (target.IsEnum) return Enum.Parse(target, raw.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
        return System.Convert.ChangeType(raw, target, CultureInfo.InvariantCulture);
    }

    /// <summary><c>DataDir</c> → <c>data-dir</c>.</summary>
    public static string Kebab(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
                builder.Append('-');
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }
}
