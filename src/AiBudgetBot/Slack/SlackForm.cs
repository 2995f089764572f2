using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace AiBudgetBot.Slack;

/// <summary>
/// An <c>application/x-www-form-urlencoded</c> body parsed from the verified bytes, so what we
/// act on is exactly what was signed.
/// </summary>
internal sealed class SlackForm(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> fields)
{
    public static SlackForm Parse(byte[] body)
    {
        // A leading BOM is not Slack's, but some captured payloads carry one; it must not rename the first field.
        var text = Encoding.UTF8.GetString(body).TrimStart('\uFEFF');
        return new SlackForm(QueryHelpers.ParseQuery(text));
    }

    public string? this[string name] => fields.TryGetValue(name, out var value) && value.Count > 0 ? value[0] : null;

    public string Required(string name) => this[name] ?? "";
}
