using Hunyu.Core.Errors;
using Hunyu.Models.Gateway;
using Microsoft.Extensions.Configuration;

namespace Hunyu.Models.Tests.Gateway;

public sealed class ModelRegistryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hunyu-models-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void FromConfiguration_ReadsEveryModelWithPresetsLocationsAndSpecialities()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hunyu:Models:deepseek:Provider"] = "openai",
            ["Hunyu:Models:deepseek:Preset"] = "deepseek",
            ["Hunyu:Models:deepseek:Model"] = "deepseek-chat",
            ["Hunyu:Models:deepseek:Location"] = "cloud",
            ["Hunyu:Models:deepseek:CostPer1kTokens"] = "0.002",
            ["Hunyu:Models:local:Endpoint"] = "http://127.0.0.1:8000/v1",
            ["Hunyu:Models:local:Model"] = "Qwen/Qwen2.5-7B-Instruct",
            ["Hunyu:Models:local:Location"] = "on_prem",
            ["Hunyu:Models:local:Specialities:0"] = "Legal",
            ["Hunyu:Models:local:Specialities:1"] = "general",
            ["Hunyu:Models:local:MaxConcurrency"] = "2",
            ["Hunyu:Models:local:Timeout"] = "00:00:05",
            ["Hunyu:Models:local:ContextWindow"] = "32768",
            ["Hunyu:Models:quote:Provider"] = "extractive",
        }).Build();

        using var registry = ModelRegistry.FromConfiguration(configuration);

        Assert.Equal(["deepseek", "local", "quote"], registry.Models.Select(m => m.Name));
        var deepseek = registry.Find("DeepSeek")!;
        Assert.Equal("https://api.deepseek.com/v1", deepseek.Address);
        Assert.Equal(ModelLocation.Cloud, deepseek.Location);
        Assert.Equal(["general"], deepseek.Specialities);
        Assert.Equal(0.002m, deepseek.CostPer1kTokens);
        var local = registry.Find("local")!;
        Assert.Equal(ModelLocation.OnPrem, local.Location);
        Assert.True(local.Specialities.SetEquals(["legal", "general"]));
        Assert.Equal((2, 32768, TimeSpan.FromSeconds(5)), (local.MaxConcurrency, local.ContextWindow, local.Timeout));
        Assert.False(registry.Find("quote")!.IsChatModel);
        Assert.True(registry.HasChatModels);
    }

    [Fact]
    public void FromConfiguration_NoModelsSection_IsEmpty()
    {
        using var registry = ModelRegistry.FromConfiguration(new ConfigurationBuilder().Build());

        Assert.Empty(registry.Models);
        Assert.False(registry.HasChatModels);
    }

    [Fact]
    public void Create_InvalidSettings_NamesEverySettingAndWhatIsAllowed()
    {
        var bad = new ModelOptions { Endpoint = "ftp://x", Model = " ", Location = "moon", MaxConcurrency = 0, Timeout = TimeSpan.Zero };

        var error = Assert.Throws<HunyuException>(() => ModelRegistry.Create([KeyValuePair.Create("m1", bad), KeyValuePair.Create("m2", new ModelOptions { Provider = "bard" })]));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains("Hunyu:Models:m1:Location is 'moon'; declare where the model runs: cloud | on_prem | edge", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:Models:m1:Endpoint is 'ftp://x'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:Models:m1:Model is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:Models:m1:MaxConcurrency is 0; allowed 1-1024", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:Models:m1:Timeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:Models:m2:Provider is 'bard'; allowed openai | gguf | extractive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_GgufFileMissing_PathNotFoundNamingTheSetting()
    {
        var path = Path.Combine(_folder, "absent.gguf");

        var error = Assert.Throws<HunyuException>(() => ModelRegistry.Create([KeyValuePair.Create("edge", Gguf(path))]));

        Assert.Equal(ErrorCode.PathNotFound, error.Error);
        Assert.Equal($"{path} does not exist (Hunyu:Models:edge:ModelPath); give the path of a .gguf model file", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GG")]
    [InlineData("PK\u0003\u0004 this is a zip, not a model")]
    public void Create_FileIsNotGguf_CorruptInputSayingSo(string content)
    {
        var path = Path.Combine(_folder, "model.gguf");
        File.WriteAllText(path, content);

        var error = Assert.Throws<HunyuException>(() => ModelRegistry.Create([KeyValuePair.Create("edge", Gguf(path))]));

        Assert.Equal(ErrorCode.CorruptInput, error.Error);
        Assert.StartsWith($"{path} is not a GGUF model file: it does not start with the GGUF signature (Hunyu:Models:edge:ModelPath)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_GgufHeaderButTruncatedBody_ModelUnavailableFromLlamaCpp()
    {
        // A real GGUF signature and version followed by garbage: the file passes the signature check and llama.cpp refuses it.
        var path = Path.Combine(_folder, "truncated.gguf");
        File.WriteAllBytes(path, [.. "GGUF"u8, 3, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3]);

        var error = Assert.Throws<HunyuException>(() => ModelRegistry.Create([KeyValuePair.Create("edge", Gguf(path))]));

        Assert.Equal(ErrorCode.ModelUnavailable, error.Error);
        Assert.StartsWith($"{path}: llama.cpp could not load the model (Hunyu:Models:edge:ModelPath)", error.Message, StringComparison.Ordinal);
    }

    private static ModelOptions Gguf(string path) => new() { Provider = ModelProviders.Gguf, ModelPath = path, Location = "edge" };
}
