using System.Globalization;

namespace Hunyu.Models.Gateway;

/// <summary>
/// Picks the models a request may go to and the order to try them in. A pure function of the request, the models and
/// the tenant's remaining budget, so it is tested without I/O.
/// </summary>
/// <remarks>
/// <para>Exclusions: SECURITY: sensitive evidence never goes to a <see cref="ModelLocation.Cloud"/> model; a model whose
/// context window cannot hold the prompt and the answer; the extractive provider (it is the caller's last resort, not
/// a chat model); every model when the tenant's budget cannot pay for the request.</para>
/// <para>Order: the preferred model, then specialists of the requested speciality, then general models, then other
/// specialists; cheaper before dearer within each; configuration order last.</para>
/// </remarks>
public static class RoutingPolicy
{
    /// <summary>Plans <paramref name="request"/> over <paramref name="models"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="models">The configured models in configuration order.</param>
    /// <param name="remainingTenantTokens">Tokens the tenant may still spend this window; null for no budget.</param>
    public static RoutePlan Plan(ModelRequest request, IReadOnlyList<RegisteredModel> models, long? remainingTenantTokens = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(models);
        var reasons = new List<string>();
        var chatModels = models.Where(m => m.IsChatModel).ToList();
        if (chatModels.Count == 0)
        {
            reasons.Add("no chat model is configured (Hunyu:Models)");
            return new RoutePlan([], reasons);
        }

        if (remainingTenantTokens is { } remaining && remaining < request.TotalTokens)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"tenant '{request.Tenant ?? TenantTokenBudget.DefaultTenant}' has {Math.Max(0, remaining)} tokens left in its budget; the request needs ~{request.TotalTokens}"));
            return new RoutePlan([], reasons);
        }

        var speciality = string.IsNullOrWhiteSpace(request.Speciality) ? null : request.Speciality.Trim().ToLowerInvariant();
        var eligible = new List<(RegisteredModel Model, int Index)>();
        for (var i = 0; i < chatModels.Count; i++)
        {
            var model = chatModels[i];
            var where = ModelLocations.Name(model.Location);
            if (request.Sensitive && model.Location == ModelLocation.Cloud)
            {
                // SECURITY: data residency. Sensitive evidence (PII, classified sources) never leaves the premises.
                reasons.Add($"{model.Name} ({where}): excluded: the evidence is sensitive; only on_prem and edge models may see it");
                continue;
            }

            if (request.TotalTokens > model.ContextWindow)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{model.Name} ({where}): excluded: the prompt and answer need ~{request.TotalTokens} tokens; its context window is {model.ContextWindow}"));
                continue;
            }

            eligible.Add((model, i));
        }

        if (request.PreferredModel is { } preferred)
        {
            if (models.All(m => !string.Equals(m.Name, preferred, StringComparison.OrdinalIgnoreCase)))
            {
                reasons.Add($"the preferred model '{preferred}' is not configured");
            }
            else if (eligible.TrueForAll(e => !string.Equals(e.Model.Name, preferred, StringComparison.OrdinalIgnoreCase)))
            {
                reasons.Add($"the preferred model '{preferred}' may not take this request");
            }
        }

        var ordered = eligible
            .OrderBy(e => string.Equals(e.Model.Name, request.PreferredModel, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(e => Rank(e.Model, speciality))
            .ThenBy(e => e.Model.CostPer1kTokens)
            .ThenBy(e => e.Index)
            .Select(e => e.Model)
            .ToList();

        if (ordered.Count == 0)
        {
            reasons.Add(request.Sensitive
                ? "no on_prem or edge chat model may take this sensitive request"
                : "no configured chat model may take this request");
            return new RoutePlan([], reasons);
        }

        if (speciality is not null && !ordered.Exists(m => m.Specialities.Contains(speciality)))
        {
            reasons.Add($"no eligible model specialises in '{speciality}'; general models answer");
        }

        reasons.Add("order: " + string.Join(", ", ordered.Select(m => $"{m.Name} ({Describe(m, request, speciality)})")));
        return new RoutePlan(ordered, reasons);
    }

    private static int Rank(RegisteredModel model, string? speciality) =>
        speciality is not null && model.Specialities.Contains(speciality) ? 0
        : model.Specialities.Contains(ModelOptions.GeneralSpeciality) ? 1
        : 2;

    private static string Describe(RegisteredModel model, ModelRequest request, string? speciality)
    {
        var parts = new List<string>();
        if (string.Equals(model.Name, request.PreferredModel, StringComparison.OrdinalIgnoreCase))
        {
            parts.Add("preferred");
        }

        parts.Add(Rank(model, speciality) switch
        {
            0 => $"specialist: {speciality}",
            1 => ModelOptions.GeneralSpeciality,
            _ => "other speciality: " + string.Join("/", model.Specialities.Order(StringComparer.Ordinal)),
        });
        parts.Add(ModelLocations.Name(model.Location));
        return string.Join(", ", parts);
    }
}
