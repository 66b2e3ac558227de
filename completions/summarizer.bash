# bash completion for summarizer(1).  Installed as
# <datadir>/bash-completion/completions/summarizer; keep the option lists in
# step with each command's --help (tests/test_man.c checks them).

_summarizer()
{
    local cur prev words cword
    _init_completion || return

    local summarize_opts="--words --bytes --sentences --query --topic --topics
        --similarity --no-redundancy --lang --manifest --order --format
        --models -o --output -q --quiet --progress --seen -h --help"
    local digest_opts="--topics --words --bytes --date --daily --format -o
        --output --archive --force --discover --seen --new --manifest --lang
        --similarity
        --models -q --quiet --progress -h --help"
    local keywords_opts="--n --format -o --output --lang --manifest --models
        -q --quiet --progress -h --help"
    local topics_opts="--topics --discover --date -o --output --lang
        --manifest --models -q --quiet --progress -h --help"
    local extract_opts="--format --manifest --lang --models -o --output -q
        --quiet --progress -h --help"
    local languages="arabic armenian basque catalan danish dutch english
        finnish french german greek hindi hungarian indonesian irish italian
        lithuanian nepali norwegian porter portuguese romanian russian serbian
        spanish swedish tamil turkish yiddish"

    if [[ $cword -eq 1 ]]; then
        COMPREPLY=($(compgen -W "summarize digest extract archive keywords topics --help --version" -- "$cur"))
        return
    fi

    case $prev in
        --similarity) COMPREPLY=($(compgen -W "textrank bm25" -- "$cur")); return ;;
        --order) COMPREPLY=($(compgen -W "source score" -- "$cur")); return ;;
        --lang) COMPREPLY=($(compgen -W "$languages" -- "$cur")); return ;;
        --topics|--models) _filedir -d; return ;;
        --manifest|-o|--output|--archive|--seen) _filedir; return ;;
        --words|--bytes|--sentences|--query|--topic|--date|--level|--number|--n|--discover) return ;;
        --format)
            case ${words[1]} in
                summarize) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
                extract) COMPREPLY=($(compgen -W "text json markdown" -- "$cur")) ;;
                *) COMPREPLY=($(compgen -W "text markdown json html" -- "$cur")) ;;
            esac
            return ;;
    esac

    case ${words[1]} in
        summarize)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "$summarize_opts" -- "$cur"))
            else
                _filedir
            fi ;;
        digest)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "$digest_opts" -- "$cur"))
            else
                _filedir
            fi ;;
        extract)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "$extract_opts" -- "$cur"))
            else
                _filedir
            fi ;;
        keywords)
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "$keywords_opts" -- "$cur"))
            else
                _filedir
            fi ;;
        topics)
            if [[ $cword -eq 2 ]]; then
                COMPREPLY=($(compgen -W "suggest --help" -- "$cur"))
            elif [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "$topics_opts" -- "$cur"))
            else
                _filedir
            fi ;;
        archive)
            if [[ $cword -eq 2 ]]; then
                COMPREPLY=($(compgen -W "add list show search verify repair --help" -- "$cur"))
                return
            fi
            if [[ $cur == -* ]]; then
                case ${words[2]} in
                    add) COMPREPLY=($(compgen -W "--level --format --date --topics --force -h --help" -- "$cur")) ;;
                    show) COMPREPLY=($(compgen -W "--number --date --topic --format -o --output -h --help" -- "$cur")) ;;
                    *) COMPREPLY=($(compgen -W "-h --help" -- "$cur")) ;;
                esac
            else
                _filedir
            fi ;;
    esac
} &&
    complete -F _summarizer summarizer
