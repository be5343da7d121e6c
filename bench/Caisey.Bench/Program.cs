Console.WriteLine("caisey bench");
