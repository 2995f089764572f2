using System.Text.Json.Serialization;

namespace AiBudgetBot.Teams;

/// <summary>
/// The slice of Adaptive Cards 1.5 the bot renders, as typed objects (teams.net's habit) so a
/// misspelt property is a compile error, not a card Teams silently refuses. Property names and
/// the <c>type</c> discriminators are the schema's.
/// </summary>
public sealed class AdaptiveCard
{
    /// <summary>Teams renders 1.5 and earlier (PROTOCOLS.md).</summary>
    public const string SchemaVersion = "1.5";

    [JsonPropertyName("type")]
    public string Type => "AdaptiveCard";

    [JsonPropertyName("$schema")]
    public string Schema => "http://adaptivecards.io/schemas/adaptive-card.json";

    public string Version => SchemaVersion;

    public CardRefresh? Refresh { get; set; }

    public List<CardElement> Body { get; set; } = [];

    public List<CardAction>? Actions { get; set; }

    public string? FallbackText { get; set; }

    public string? Speak { get; set; }
}

/// <summary>Asks Teams to fetch a personalised version for the listed users (at most 60).</summary>
public sealed class CardRefresh
{
    public const int MaxUserIds = 60;

    /// <summary>Typed as the base so the <c>type</c> discriminator is written.</summary>
    public required CardAction Action { get; set; }

    public List<string>? UserIds { get; set; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CardTextBlock), "TextBlock")]
[JsonDerivedType(typeof(CardFactSet), "FactSet")]
[JsonDerivedType(typeof(CardColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(CardImage), "Image")]
[JsonDerivedType(typeof(CardContainer), "Container")]
[JsonDerivedType(typeof(CardActionSet), "ActionSet")]
public abstract class CardElement
{
    /// <summary>Names the element for <see cref="ActionToggleVisibility"/>.</summary>
    public string? Id { get; set; }

    /// <summary>False hides it until a toggle shows it (collapsed details).</summary>
    public bool? IsVisible { get; set; }

    /// <summary>none, small, default, medium, large, extraLarge, padding.</summary>
    public string? Spacing { get; set; }

    public bool? Separator { get; set; }
}

public sealed class CardTextBlock : CardElement
{
    public required string Text { get; set; }

    public bool? Wrap { get; set; } = true;

    /// <summary>default, small, medium, large, extraLarge.</summary>
    public string? Size { get; set; }

    /// <summary>lighter, default, bolder.</summary>
    public string? Weight { get; set; }

    /// <summary>default, dark, light, accent, good, warning, attention.</summary>
    public string? Color { get; set; }

    public bool? IsSubtle { get; set; }

    /// <summary>default or heading (1.5).</summary>
    public string? Style { get; set; }

    public string? HorizontalAlignment { get; set; }
}

public sealed class CardFactSet : CardElement
{
    public List<CardFact> Facts { get; set; } = [];
}

public sealed record CardFact(string Title, string Value);

public sealed class CardColumnSet : CardElement
{
    public List<CardColumn> Columns { get; set; } = [];
}

/// <summary>A column; ColumnSet children carry <c>type: Column</c> like every other element.</summary>
public sealed class CardColumn
{
    [JsonPropertyName("type")]
    public string Type => "Column";

    /// <summary>"auto", "stretch", or a relative weight such as "41".</summary>
    public string? Width { get; set; }

    /// <summary>default, emphasis, good, attention, warning, accent.</summary>
    public string? Style { get; set; }

    public string? MinHeight { get; set; }

    public List<CardElement> Items { get; set; } = [];
}

public sealed class CardImage : CardElement
{
    public required string Url { get; set; }

    public string? AltText { get; set; }

    /// <summary>auto, stretch, small, medium, large.</summary>
    public string? Size { get; set; }
}

public sealed class CardContainer : CardElement
{
    public string? Style { get; set; }

    public List<CardElement> Items { get; set; } = [];
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ActionExecute), "Action.Execute")]
[JsonDerivedType(typeof(ActionSubmit), "Action.Submit")]
[JsonDerivedType(typeof(ActionToggleVisibility), "Action.ToggleVisibility")]
public abstract class CardAction
{
    public string? Title { get; set; }

    /// <summary>default, positive, destructive.</summary>
    public string? Style { get; set; }
}

/// <summary>Universal Action: arrives as an <c>adaptiveCard/action</c> invoke.</summary>
public sealed class ActionExecute : CardAction
{
    public required string Verb { get; set; }

    public CardActionData? Data { get; set; }

    /// <summary>What clients without Universal Actions show instead (an Action.Submit).</summary>
    public CardAction? Fallback { get; set; }
}

/// <summary>Arrives as a <c>message</c> whose <c>value</c> is <see cref="Data"/> and whose <c>replyToId</c> is the card.</summary>
public sealed class ActionSubmit : CardAction
{
    public CardActionData? Data { get; set; }
}

/// <summary>A button's whole payload: the verb and what it acts on; everything else is read from the store.</summary>
public sealed record CardActionData(string Verb, string SubjectId);

/// <summary>Buttons inside the body (a "Show details" toggle next to what it opens).</summary>
public sealed class CardActionSet : CardElement
{
    public List<CardAction> Actions { get; set; } = [];
}

/// <summary>Shows or hides the elements named in <see cref="TargetElements"/>, in the client, without a round trip.</summary>
public sealed class ActionToggleVisibility : CardAction
{
    public List<string> TargetElements { get; set; } = [];
}
