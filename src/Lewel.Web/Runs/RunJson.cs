using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lewel.Web.Runs;

/// <summary>JSON of stored parameter and value maps: NaN and infinities are legal values of a diverged run.</summary>
internal static class RunJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
