using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiBudgetBot.Teams;

/// <summary>The one JSON shape Bot Framework speaks: camelCase, nulls left out, enums as strings.</summary>
internal static class TeamsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
