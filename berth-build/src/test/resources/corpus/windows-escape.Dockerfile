# escape=`

FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN Invoke-WebRequest https://example.invalid/x.zip -OutFile x.zip ; `
    Expand-Archive x.zip -DestinationPath C:\x ; `
    Remove-Item x.zip
WORKDIR C:\app
COPY . C:\app\
ENTRYPOINT ["C:\\app\\run.exe"]
