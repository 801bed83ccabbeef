namespace Hunyu.Models.Gateway;

/// <summary>Gateway-wide settings (<c>Hunyu:Gateway</c>): tenant budgets and rate-limit retries.</summary>
public sealed class ModelGatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hunyu:Gateway";

    /// <summary>Tokens per <see cref="BudgetWindow"/> by tenant name.</summary>
    public IDictionary<string, long> TenantTokenBudgets { get; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Tokens per window of tenants not listed; null leaves them unlimited.</summary>
    public long? DefaultTenantTokenBudget { get; set; }

    /// <summary>The budget window.</summary>
    /// <value>The default is one day.</value>
    public TimeSpan BudgetWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Retries of a model that answered 429 before the next model is tried.</summary>
    /// <value>The default is 1.</value>
    public int RateLimitRetries { get; set; } = 1;

    /// <summary>Longest <c>Retry-After</c> waited for; a model asking for longer is skipped at once.</summary>
    /// <value>The default is 2 seconds.</value>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Creates the tenant budget these settings describe.</summary>
    public TenantTokenBudget CreateBudget(TimeProvider? timeProvider = null) =>
        new(new Dictionary<string, long>(TenantTokenBudgets, StringComparer.Ordinal), DefaultTenantTokenBudget, BudgetWindow, timeProvider);
}
