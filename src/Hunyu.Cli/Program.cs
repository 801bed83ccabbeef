using Hunyu.Cli;

return await HunyuCli.RunAsync(args, Console.Out, Console.Error);
