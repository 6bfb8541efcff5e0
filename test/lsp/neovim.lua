-- Neovim as the language client of pgshift lsp, headless: open the .sql buffer,
-- wait for diagnostics, ask for a hover, write what arrived as JSON to $PGSHIFT_NVIM_OUT, quit.
-- Works from Neovim 0.7 (vim.lsp.start_client) to current releases (vim.lsp.start).
local out_path = os.getenv('PGSHIFT_NVIM_OUT')
local cmd = vim.fn.json_decode(os.getenv('PGSHIFT_LSP_CMD'))
local root = vim.fn.expand('%:p:h')
local result = { version = vim.version(), diagnostics = {}, hover = vim.NIL, errors = {} }

local function finish()
  local file = io.open(out_path, 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start({ name = 'pgshift', cmd = cmd, root_dir = root })
  else
    client_id = vim.lsp.start_client({ name = 'pgshift', cmd = cmd, root_dir = root })
    vim.lsp.buf_attach_client(0, client_id)
  end
  result.client = client_id
  local arrived = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
  result.arrived = arrived
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
    table.insert(result.diagnostics, {
      source = d.source, code = code, severity = d.severity, message = d.message,
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    })
  end
  -- Hover on the CREATE INDEX statement: line 2 (0-based 1), UTF-16 character 20.
  local responses = vim.lsp.buf_request_sync(0, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 1, character = 20 },
  }, 10000)
  for _, response in pairs(responses or {}) do
    if response.result then result.hover = response.result end
    if response.err then table.insert(result.errors, vim.inspect(response.err)) end
  end
  vim.lsp.stop_client(client_id)
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()
