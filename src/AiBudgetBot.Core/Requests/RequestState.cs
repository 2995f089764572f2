namespace AiBudgetBot.Core.Requests;

/// <summary>Where a request is. Only <see cref="Pending"/> can move; the other four are final.</summary>
public enum RequestState
{
    Pending,
    Approved,
    Denied,
    Expired,
    Withdrawn,
}
