using System.Text.Json;
using System.Text.Json.Serialization;
using Caisey.Node.Api;

namespace Caisey.Node.Ops;

/// <summary>The ops API's JSON, shared by the node (answers) and the <c>ops</c> CLI (reads them). camelCase, UTC times.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(UtcDateTimeOffsetConverter)])]
[JsonSerializable(typeof(ClusterResource))]
[JsonSerializable(typeof(ShardsResource))]
[JsonSerializable(typeof(ShardStatsResource))]
[JsonSerializable(typeof(EndpointPlacementResource))]
[JsonSerializable(typeof(ClusterActionResource))]
[JsonSerializable(typeof(NodeActionRequest))]
[JsonSerializable(typeof(LogResource))]
[JsonSerializable(typeof(OpsProblem))]
public sealed partial class OpsJsonContext : JsonSerializerContext;
