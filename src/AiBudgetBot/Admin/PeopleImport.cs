using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Storage.Directory;

namespace AiBudgetBot.Admin;

/// <summary>
/// <c>PUT /api/v1/people</c>: people from a list of work emails and roles, no platform id needed
/// (the bot finds each person's Teams and Slack account by email on first contact). A person
/// already known by that email keeps their id and linked accounts; a new one gets an id made from
/// the email. All entries are checked before anything is stored.
/// </summary>
public sealed class PeopleImport(DirectoryStore directory, AuditLog audit)
{
    public const int MaxPerCall = 5000;

    public async Task<AdminResult> PutAsync(IReadOnlyList<PersonByEmailDto>? dtos, string actor, CancellationToken cancellationToken)
    {
        if (dtos is null || dtos.Count == 0)
        {
            return AdminResult.Invalid(["Send a JSON array of { \"email\", \"name\", \"roles\" }, at least one entry."]);
        }

        if (dtos.Count > MaxPerCall)
        {
            return AdminResult.Invalid([$"At most {MaxPerCall} people per call; split the list."]);
        }

        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < dtos.Count; i++)
        {
            var dto = dtos[i];
            if (dto is null || !IsEmail(dto.Email))
            {
                errors.Add($"[{i}].email must be a work email like dana@contoso.com.");
            }
            else if (!seen.Add(dto.Email!.Trim()))
            {
                errors.Add($"[{i}].email {dto.Email} appears twice in the list.");
            }
            else if (dto.Id is { } id && !Identifier.IsValid(id))
            {
                errors.Add($"[{i}].id '{id}' must be 1-64 letters, digits, '-', '_' or '.'.");
            }
        }

        if (errors.Count > 0)
        {
            return AdminResult.Invalid(errors);
        }

        var current = await directory.CurrentAsync(cancellationToken);
        var taken = current.People.Select(p => p.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var stored = new List<Person>();
        foreach (var dto in dtos)
        {
            var email = dto.Email!.Trim();
            var before = current.People.FirstOrDefault(p => string.Equals(p.Email?.Trim(), email, StringComparison.OrdinalIgnoreCase))
                ?? (dto.Id is { } named ? current.FindPerson(named) : null);
            var id = before?.Id ?? dto.Id ?? NewId(email, taken);
            taken.Add(id);
            var person = new Person(
                id,
                string.IsNullOrWhiteSpace(dto.Name) ? before?.DisplayName ?? email : dto.Name.Trim(),
                email,
                before?.TeamsAadObjectId,
                before?.SlackUserId,
                dto.Roles ?? []);
            if (before is not null && before.DisplayName == person.DisplayName && before.Email == person.Email && before.Roles.SequenceEqual(person.Roles, StringComparer.OrdinalIgnoreCase))
            {
                // Unchanged: no write, no audit entry, so loading the same list daily is cheap and quiet.
                stored.Add(before);
                continue;
            }

            await directory.UpsertPersonAsync(person, cancellationToken);
            await audit.RecordAsync(null, actor, before is null ? "person.create" : "person.update", before, person, cancellationToken);
            stored.Add(person);
        }

        return AdminResult.Ok(stored);
    }

    private static bool IsEmail(string? email) =>
        email is { Length: >= 3 and <= 254 } e && e.Trim().IndexOf('@', StringComparison.Ordinal) is var at && at > 0 && at < e.Trim().Length - 1 && !e.Trim().Contains(' ', StringComparison.Ordinal);

    /// <summary>"Dana.Reyes@contoso.com" → "dana.reyes"; the domain is added when that id is taken.</summary>
    private static string NewId(string email, HashSet<string> taken)
    {
        var local = Clean(email[..email.IndexOf('@', StringComparison.Ordinal)]);
        if (local.Length > 0 && !taken.Contains(local))
        {
            return local;
        }

        var full = Clean(email.Replace('@', '.'));
        var candidate = full;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            var suffix = "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            candidate = full[..Math.Min(full.Length, Identifier.MaxLength - suffix.Length)] + suffix;
        }

        return candidate;
    }

    private static string Clean(string text)
    {
        var chars = text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray();
        var id = new string(chars).Trim('-', '.');
        return id.Length > Identifier.MaxLength ? id[..Identifier.MaxLength] : id;
    }
}
