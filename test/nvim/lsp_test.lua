-- Drives the Layerwise language server from a real second LSP client: headless Neovim 0.7
-- (`vim.lsp.start_client`, no plugins). It records what the client saw into a JSON file that
-- test/nvim/run.ts checks; this script asserts nothing itself, so every step's data is kept.
--
-- Environment: LAYERWISE_NVIM_SERVER (path of bin/layerwise-language-server.js),
-- LAYERWISE_NVIM_ROOT (the project folder), LAYERWISE_NVIM_RESULT (where to write the JSON).
-- The Dockerfile to test is the current buffer (nvim is started with it as its argument).

local server = assert(os.getenv('LAYERWISE_NVIM_SERVER'), 'LAYERWISE_NVIM_SERVER is not set')
local root = assert(os.getenv('LAYERWISE_NVIM_ROOT'), 'LAYERWISE_NVIM_ROOT is not set')
local result_file = assert(os.getenv('LAYERWISE_NVIM_RESULT'), 'LAYERWISE_NVIM_RESULT is not set')

local TIMEOUT_MS = 15000
local FIX_TITLE = 'Copy dependency manifests first'
local result = { steps = {} }

local function step(name, data)
  table.insert(result.steps, name)
  result[name] = data
end

local function finish()
  local f = assert(io.open(result_file, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

-- The buffer's diagnostics as plain data (code = rule id).
local function diagnostics(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, {
      code = d.code,
      source = d.source,
      severity = d.severity,
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      message = d.message,
    })
  end
  return out
end

local function has_code(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then
      return d
    end
  end
  return nil
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
end

-- The first non-error result of a request to our client.
local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT_MS)
  if not responses then
    error(method .. ' failed: ' .. tostring(err))
  end
  for _, response in pairs(responses) do
    if response.error then
      error(method .. ' returned an error: ' .. vim.inspect(response.error))
    end
    return response.result
  end
  return nil
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local started = vim.loop.hrtime()
  local client_id = vim.lsp.start_client({
    name = 'layerwise',
    cmd = { 'node', server, '--stdio' },
    root_dir = root,
    settings = { layerwise = { rules = { ['full-base-image'] = 'error' } } },
    -- Neovim 0.7 offers no workspace/configuration: settings are pushed, as its docs advise.
    on_init = function(client)
      client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
    end,
  })
  step('start', { client_id = client_id })
  if not client_id then
    error('vim.lsp.start_client returned nil')
  end
  vim.lsp.buf_attach_client(bufnr, client_id)

  -- Until the analysis with the pushed settings is in (full-base-image raised to an error).
  local arrived = vim.wait(TIMEOUT_MS, function()
    local d = has_code(bufnr, 'full-base-image')
    return d ~= nil and d.severity == vim.diagnostic.severity.ERROR
  end, 10)
  step('diagnostics', {
    arrived = arrived,
    ms = math.floor((vim.loop.hrtime() - started) / 1e6),
    items = diagnostics(bufnr),
  })
  if not arrived then
    return
  end
  local client = vim.lsp.get_client_by_id(client_id)
  step('server', {
    name = client.name,
    hover = client.server_capabilities.hoverProvider,
    code_action = client.server_capabilities.codeActionProvider ~= nil,
  })

  -- Hover on the base image (line 1, inside `python:3.12`).
  local hover = request(bufnr, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = 0, character = 8 },
  })
  local contents = hover and hover.contents
  step('hover', { value = type(contents) == 'table' and contents.value or contents })

  -- Code actions on the copy-all-before-install finding, with the diagnostics the way
  -- vim.lsp.buf.code_action sends them (their `data` carries the server's fixes).
  local finding = has_code(bufnr, 'copy-all-before-install')
  if not finding then
    return
  end
  local actions = request(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = {
      start = { line = finding.lnum, character = finding.col },
      ['end'] = { line = finding.end_lnum, character = finding.end_col },
    },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, finding.lnum) },
  }) or {}
  local titles, chosen = {}, nil
  for _, action in ipairs(actions) do
    table.insert(titles, action.title)
    if action.title == FIX_TITLE then
      chosen = action
    end
  end
  step('code_actions', { titles = titles })
  if not chosen or not chosen.edit then
    return
  end

  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  local gone = vim.wait(TIMEOUT_MS, function()
    return has_code(bufnr, 'copy-all-before-install') == nil
  end, 10)
  step('after_fix', { text = buffer_text(bufnr), finding_gone = gone, items = diagnostics(bufnr) })

  -- Fix-all, as `vim.lsp.buf.code_action({ only = ... })` asks for it.
  local fix_all = request(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = {
      start = { line = 0, character = 0 },
      ['end'] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 },
    },
    context = { diagnostics = {}, only = { 'source.fixAll.layerwise' } },
  }) or {}
  local fix_all_titles = {}
  for _, action in ipairs(fix_all) do
    table.insert(fix_all_titles, action.title)
    if action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
    end
  end
  step('fix_all', { titles = fix_all_titles, text = buffer_text(bufnr) })

  vim.lsp.stop_client(client_id)
  local stopped = vim.wait(TIMEOUT_MS, function()
    return vim.lsp.get_client_by_id(client_id) == nil
  end, 10)
  step('stop', { stopped = stopped })
end

local ok, err = pcall(run)
if not ok then
  result.error = tostring(err)
end
finish()
