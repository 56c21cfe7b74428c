// nanoframework/System.Text: package nanoFramework.System.Text 1.3.x
