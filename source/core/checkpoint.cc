#include <deal.II/base/exceptions.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/utilities.h>
#include <deal.II/distributed/solution_transfer.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/grid/manifold_lib.h>

#include <fluxion/core/checkpoint.h>
#include <fluxion/core/simulator.h>
#include <fluxion/core/utilities.h>

#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/crc.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <vector>

namespace Fluxion
{
  namespace Checkpoint
  {
    namespace
    {
      namespace fs = std::filesystem;

      const std::string checksum_file = "checksums.txt";
      const std::string pointer_file  = "checkpoint.last";

      // Size and CRC-32 of a file; false if it cannot be read.
      bool
      file_checksum(const std::string &name,
                    std::uintmax_t    &size,
                    std::uint32_t     &crc)
      {
        std::ifstream in(name, std::ios::binary);
        if (!in)
          return false;
        boost::crc_32_type result;
        std::vector<char>  buffer(1 << 20);
        size = 0;
        while (in)
          {
            in.read(buffer.data(), buffer.size());
            result.process_bytes(buffer.data(), in.gcount());
            size += in.gcount();
          }
        crc = result.checksum();
        return true;
      }

      std::uint32_t
      text_checksum(const std::string &text)
      {
        boost::crc_32_type result;
        result.process_bytes(text.data(), text.size());
        return result.checksum();
      }

      std::string
      hex(const std::uint32_t v)
      {
        char text[16];
        std::snprintf(text, sizeof(text), "%08x", static_cast<unsigned>(v));
        return text;
      }

      // The step of a checkpoint (the first number of its meta.txt).
      unsigned int
      step_of(const std::string &dir)
      {
        unsigned int  step = 0;
        std::ifstream meta(dir + "/meta.txt");
        meta >> step;
        return step;
      }

      // A transfinite interpolation that is attached to a refined mesh but
      // works on the coarse mesh it was built for, whose cells it finds the
      // new points in. It cannot be built for the refined mesh itself:
      // TransfiniteInterpolationManifold::initialize() needs the coarse mesh
      // (uniform refinement), and it only uses the coarse cells that it is
      // itself attached to, so a copy of it (as set_manifold() makes) that is
      // attached to another mesh finds no cell. Deriving from the class keeps
      // the code paths that MappingQ chooses for it.
      template <int dim>
      class CoarseMeshTransfinite : public TransfiniteInterpolationManifold<dim>
      {
      public:
        explicit CoarseMeshTransfinite(
          const TransfiniteInterpolationManifold<dim> &on_coarse_mesh)
          : on_coarse_mesh(&on_coarse_mesh)
        {}

        std::unique_ptr<Manifold<dim>>
        clone() const override
        {
          return std::make_unique<CoarseMeshTransfinite<dim>>(*on_coarse_mesh);
        }

        Point<dim>
        get_new_point(const ArrayView<const Point<dim>> &points,
                      const ArrayView<const double>     &weights) const override
        {
          return on_coarse_mesh->get_new_point(points, weights);
        }

        void
        get_new_points(const ArrayView<const Point<dim>> &points,
                       const Table<2, double>            &weights,
                       ArrayView<Point<dim>> new_points) const override
        {
          on_coarse_mesh->get_new_points(points, weights, new_points);
        }

      private:
        const TransfiniteInterpolationManifold<dim> *on_coarse_mesh;
      };

      // An error found by the writing rank: shared with the ranks of the
      // communicator (one report); 1D runs are serial on every rank, and
      // the others then learn nothing, so all ranks stop.
      void
      check(std::string error, const MPI_Comm communicator)
      {
        error = Utilities::MPI::broadcast(communicator, error, 0);
        if (error.empty())
          return;
        if (Utilities::MPI::n_mpi_processes(communicator) <
            Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD))
          throw LocalError(error);
        throw CollectiveError(error);
      }
    } // namespace

    std::string
    slot_name(const unsigned int count)
    {
      return std::string("checkpoint-") + (count % 2 == 0 ? "a" : "b");
    }

    void
    begin(const std::string &output_directory,
          const std::string &slot,
          const bool         discard_others,
          const bool         writer,
          const MPI_Comm     communicator)
    {
      std::string error;
      if (writer)
        {
          std::error_code code;
          if (discard_others)
            {
              fs::remove(output_directory + "/" + pointer_file, code);
              for (const unsigned int k : {0u, 1u})
                if (slot_name(k) != slot)
                  fs::remove_all(output_directory + "/" + slot_name(k), code);
            }
          const std::string dir = output_directory + "/" + slot;
          fs::remove_all(dir, code);
          fs::create_directories(dir, code);
          if (!fs::is_directory(dir))
            error = "Cannot create the checkpoint folder <" + dir +
                    "> (Output/Directory): " + code.message();
        }
      check(error, communicator);
    }

    void
    finish(const std::string &output_directory,
           const std::string &slot,
           const bool         writer,
           const MPI_Comm     communicator)
    {
      // Every rank has closed its files.
      MPI_Barrier(communicator);
      std::string error;
      if (writer)
        {
          const std::string  dir = output_directory + "/" + slot;
          std::ostringstream list;
          list << "# CRC-32, size in bytes and name of every file of this "
                  "checkpoint\n";
          std::vector<std::string> names;
          for (const auto &entry : fs::directory_iterator(dir))
            if (entry.is_regular_file() &&
                entry.path().filename().string().rfind(checksum_file, 0) != 0)
              names.push_back(entry.path().filename().string());
          std::sort(names.begin(), names.end());
          for (const auto &name : names)
            {
              std::uintmax_t size = 0;
              std::uint32_t  crc  = 0;
              if (!file_checksum(dir + "/" + name, size, crc))
                error = "Cannot read <" + dir + "/" + name + "> back.";
              list << hex(crc) << ' ' << size << ' ' << name << '\n';
            }
          const std::string text = list.str();
          {
            std::ofstream out(dir + "/" + checksum_file + ".tmp");
            out << text << "total " << hex(text_checksum(text)) << '\n';
            if (!out)
              error = "Cannot write <" + dir + "/" + checksum_file + ">.";
          }
          std::rename((dir + "/" + checksum_file + ".tmp").c_str(),
                      (dir + "/" + checksum_file).c_str());
          // Last: the pointer to the newest checkpoint.
          {
            std::ofstream last(output_directory + "/" + pointer_file + ".tmp");
            last << slot << '\n';
          }
          std::rename((output_directory + "/" + pointer_file + ".tmp").c_str(),
                      (output_directory + "/" + pointer_file).c_str());
        }
      check(error, communicator);
    }

    std::string
    find_problem(const std::string &dir)
    {
      if (!fs::is_directory(dir))
        return "missing";
      std::ifstream in(dir + "/" + checksum_file);
      if (!in)
        return "incomplete: it has no " + checksum_file;
      std::string text, line, total;
      while (std::getline(in, line))
        if (line.rfind("total ", 0) == 0)
          total = line.substr(6);
        else if (total.empty())
          text += line + '\n';
      if (total != hex(text_checksum(text)))
        return "corrupted: " + checksum_file + " checksum mismatch";

      bool               has_meta = false;
      std::istringstream list(text);
      while (std::getline(list, line))
        {
          if (line.empty() || line[0] == '#')
            continue;
          std::istringstream words(line);
          std::string        crc, name;
          std::uintmax_t     size = 0;
          words >> crc >> size >> name;
          has_meta |= (name == "meta.txt");
          std::uintmax_t actual_size = 0;
          std::uint32_t  actual_crc  = 0;
          if (!file_checksum(dir + "/" + name, actual_size, actual_crc))
            return "incomplete: " + name + " is missing";
          if (actual_size != size)
            return "corrupted: " + name + " checksum mismatch (" +
                   std::to_string(actual_size) + " bytes instead of " +
                   std::to_string(size) + ")";
          if (hex(actual_crc) != crc)
            return "corrupted: " + name + " checksum mismatch";
        }
      if (!has_meta)
        return "incomplete: it has no meta.txt";
      return "";
    }

    std::string
    choose_folder(const std::string &output_directory,
                  const bool         writer,
                  const MPI_Comm     communicator)
    {
      // The folder, or an error message after a '!'. Rank 0 of the
      // communicator decides (every rank in 1D, from the same files).
      std::string choice;
      if (Utilities::MPI::this_mpi_process(communicator) == 0 &&
          fs::exists(output_directory + "/" + pointer_file))
        {
          std::string newest;
          std::ifstream(output_directory + "/" + pointer_file) >> newest;
          // The newest first; if the pointer itself is damaged, the one
          // with the later step.
          std::vector<std::string> order = {slot_name(0), slot_name(1)};
          if (newest == slot_name(1) ||
              (newest != slot_name(0) &&
               step_of(output_directory + "/" + order[1]) >
                 step_of(output_directory + "/" + order[0])))
            std::swap(order[0], order[1]);
          std::vector<std::string> problems;
          for (const auto &slot : order)
            {
              const std::string dir     = output_directory + "/" + slot;
              const std::string problem = find_problem(dir);
              if (problem.empty())
                {
                  choice = slot;
                  break;
                }
              problems.push_back("checkpoint " + dir + " is " + problem);
            }
          if (!choice.empty() && !problems.empty() && writer)
            std::cout << "Warning: " << problems[0] << "; resuming from "
                      << output_directory << "/" << choice << " (step "
                      << step_of(output_directory + "/" + choice)
                      << ") instead." << std::endl;
          else if (choice.empty())
            choice = "!Parameter <Checkpointing/Resume computation>: no "
                     "intact checkpoint in <" +
                     output_directory + "/>: " + problems[0] + "; " +
                     problems[1] +
                     ". Set it to false to start from the beginning.";
        }
      choice = Utilities::MPI::broadcast(communicator, choice, 0);
      // Every rank found the same problem: one report.
      if (!choice.empty() && choice[0] == '!')
        throw CollectiveError(choice.substr(1));
      return choice;
    }

    template <int dim>
    void
    copy_manifolds(const Triangulation<dim> &coarse_mesh,
                   Triangulation<dim>       &mesh)
    {
      // Every id in use; an id without a manifold gives a flat one.
      for (const auto id : coarse_mesh.get_manifold_ids())
        if (id != numbers::flat_manifold_id)
          {
            const Manifold<dim> &manifold = coarse_mesh.get_manifold(id);
            if constexpr (dim > 1)
              if (const auto transfinite =
                    dynamic_cast<const TransfiniteInterpolationManifold<dim> *>(
                      &manifold))
                {
                  mesh.set_manifold(id,
                                    CoarseMeshTransfinite<dim>(*transfinite));
                  continue;
                }
            mesh.set_manifold(id, manifold);
          }
    }

    template void
    copy_manifolds(const Triangulation<1> &, Triangulation<1> &);
    template void
    copy_manifolds(const Triangulation<2> &, Triangulation<2> &);
    template void
    copy_manifolds(const Triangulation<3> &, Triangulation<3> &);
  } // namespace Checkpoint
  // The simulator's side: what a checkpoint holds.

  namespace
  {
    // A count, then the numbers, exactly (hexadecimal, denormals included).
    void
    write_numbers(std::ostream &out, const std::vector<double> &numbers)
    {
      out << ' ' << numbers.size();
      for (const double v : numbers)
        {
          char text[40];
          std::snprintf(text, sizeof(text), "%a", v);
          out << ' ' << text;
        }
    }

    // The numbers of write_numbers() (none if the stream ends).
    std::vector<double>
    read_numbers(std::istream &in)
    {
      std::size_t n = 0;
      if (!(in >> n))
        return {};
      std::vector<double> numbers(n);
      for (auto &v : numbers)
        {
          std::string text;
          in >> text;
          v = std::strtod(text.c_str(), nullptr);
        }
      return numbers;
    }

    // Keep the rows of the statistics file up to @p step; return its header.
    std::vector<std::string>
    truncate_statistics(const std::string &name, const unsigned int step)
    {
      std::ifstream            in(name);
      std::vector<std::string> keep;
      std::string              line;
      while (std::getline(in, line))
        if (keep.empty() || std::stoul(line.substr(0, line.find(','))) <= step)
          keep.push_back(line);
      in.close();
      std::ofstream out(name);
      for (const auto &l : keep)
        out << l << '\n';
      if (keep.empty())
        return {};
      return Utilities::split_string_list(keep.front(), ',');
    }

    // What the state vectors of a checkpoint are made of: the element
    // degree and the fields by name, e.g. "Q1 elements, fields B, P".
    template <int dim>
    std::string
    state_layout(const PhysicsInterface<dim> &physics,
                 const unsigned int           degree)
    {
      std::string text = "Q" + std::to_string(degree) + " elements, fields";
      const FieldDescriptions fields = physics.fields();
      for (unsigned int i = 0; i < fields.size(); ++i)
        {
          text += (i == 0 ? " " : ", ") + fields[i].name;
          if (fields[i].n_components > 1)
            text += "[" + std::to_string(fields[i].n_components) + "]";
        }
      return text;
    }
  } // namespace

  template <int dim>
  void
  Simulator<dim>::save_checkpoint()
  {
    TimerOutput::Scope t(timer, "checkpoint");
    // Two folders alternate; checkpoint.last names the newest complete one.
    const std::string slot = Checkpoint::slot_name(checkpoint_count);
    const std::string dir  = output_directory + "/" + slot;
    Checkpoint::begin(
      output_directory, slot, !own_checkpoints, writer, mpi_communicator);
    own_checkpoints = true;

    auto state = physics->state_vectors();
    if (serial_mesh)
      {
        if (writer)
          {
            std::ofstream                 out(dir + "/state.txt");
            boost::archive::text_oarchive ar(out);
            triangulation->save(ar, 0);
            for (const auto v : state)
              {
                Vector<double> copy(*v);
                ar << copy;
              }
          }
      }
    else if constexpr (dim > 1)
      {
        std::vector<const VectorType *> in(state.begin(), state.end());
        parallel::distributed::SolutionTransfer<dim, VectorType> transfer(
          physics->get_dof_handler());
        transfer.prepare_for_serialization(in);
        static_cast<parallel::distributed::Triangulation<dim> &>(*triangulation)
          .save(dir + "/mesh");
      }
    if (writer)
      {
        std::ofstream meta(dir + "/meta.txt");
        const auto   &history_times = time_stepping.history();
        meta << std::setprecision(17) << step << ' ' << time << ' '
             << time_stepping.step_size() << ' ' << rejected << ' '
             << total_newton << ' ' << total_linear << ' '
             << history_times.size();
        for (const double h : history_times)
          meta << ' ' << h;
        meta << ' ' << pvd_records.size();
        for (const auto &r : pvd_records)
          meta << ' ' << r.first << ' ' << r.second;
        meta << ' ' << steps_since_refinement;
        meta << ' ' << (serial_mesh ? "serial" : "distributed");
        // What each postprocessor carries from step to step, in list order,
        // then the physics' own numbers.
        meta << ' ' << postprocessors.size();
        for (const auto &p : postprocessors)
          write_numbers(meta, p->get_state());
        write_numbers(meta, physics->get_state());
        meta << '\n' << state_layout(*physics, degree) << '\n';
      }
    // Checksums of every file, then the pointer to this checkpoint.
    Checkpoint::finish(output_directory, slot, writer, mpi_communicator);
    ++checkpoint_count;
  }

  template <int dim>
  bool
  Simulator<dim>::load_checkpoint()
  {
    if (resume == "false")
      return false;
    // An intact checkpoint (checked before anything is read from it).
    const std::string slot =
      Checkpoint::choose_folder(output_directory, writer, mpi_communicator);
    if (slot.empty() && resume == "auto")
      return false;
    if (slot.empty())
      throw CollectiveError("Parameter <Checkpointing/Resume computation> = "
                            "true, but there is no checkpoint in <" +
                            output_directory + "/>.");
    const std::string dir = output_directory + "/" + slot;
    checkpoint_count      = (slot == Checkpoint::slot_name(0) ? 1 : 0);
    own_checkpoints       = true;

    std::ifstream meta(dir + "/meta.txt");
    unsigned int  n_hist, n_pvd;
    double        dt;
    meta >> step >> time >> dt >> rejected >> total_newton >> total_linear >>
      n_hist;
    std::vector<double> history_times(n_hist);
    for (auto &h : history_times)
      meta >> h;
    time_stepping.restore(dt, history_times);
    meta >> n_pvd;
    pvd_records.resize(n_pvd);
    for (auto &r : pvd_records)
      meta >> r.first >> r.second;
    meta >> steps_since_refinement;
    std::string mesh_kind;
    meta >> mesh_kind;
    // Postprocessor states (none in checkpoints of older versions); they
    // are used when the list of postprocessors is the same.
    unsigned int                     n_post = 0;
    std::vector<std::vector<double>> post_states;
    if (meta >> n_post)
      for (unsigned int k = 0; k < n_post; ++k)
        post_states.push_back(read_numbers(meta));
    if (meta && post_states.size() == postprocessors.size())
      for (unsigned int k = 0; k < postprocessors.size(); ++k)
        postprocessors[k]->set_state(post_states[k]);
    // The physics' numbers (none in checkpoints of older versions).
    const std::vector<double> physics_state     = read_numbers(meta);
    const bool                has_physics_state = bool(meta);
    // The layout of the state (none in checkpoints of older versions).
    std::string saved_layout;
    std::getline(meta >> std::ws, saved_layout);
    const std::string this_layout = state_layout(*physics, degree);
    if (!saved_layout.empty() && saved_layout != this_layout)
      throw CollectiveError(
        "The checkpoint <" + dir + "> holds " + saved_layout +
        ", but this run has " + this_layout +
        ". Resume with the physics, the fields and <Discretization/Polynomial "
        "degree> of the run that wrote it, or set <Checkpointing/Resume "
        "computation> = false.");
    if (has_physics_state)
      physics->set_state(physics_state);
    const std::string this_kind = serial_mesh ? "serial" : "distributed";
    if (mesh_kind != this_kind)
      throw CollectiveError(
        "The checkpoint <" + dir + "> holds a " + mesh_kind +
        " mesh, but this run uses a " + this_kind +
        " one. Resume with the same number of ranks, or set "
        "<Geometry/Mesh partitioning> = distributed in both runs.");

    if (serial_mesh)
      {
        std::ifstream                 in(dir + "/state.txt");
        boost::archive::text_iarchive ar(in);
        triangulation->load(ar, 0);
        // load() removes the manifolds (curved boundaries, transfinite
        // interpolation): take them from a new coarse mesh of the geometry,
        // which stays alive because transfinite manifolds refer to it.
        coarse_mesh = std::make_unique<Triangulation<dim>>();
        geometry->create_coarse_mesh(*coarse_mesh);
        if (coarse_mesh->n_cells(0) != triangulation->n_cells(0))
          throw CollectiveError("The checkpoint <" + dir +
                                "> holds a mesh of another geometry: " +
                                std::to_string(triangulation->n_cells(0)) +
                                " coarse cells instead of " +
                                std::to_string(coarse_mesh->n_cells(0)) + ".");
        Checkpoint::copy_manifolds(*coarse_mesh, *triangulation);
        // load() also forgets the periodic neighbours.
        periodic_boundaries.add_to(*triangulation);
        physics->setup_dofs();
        for (const auto v : physics->state_vectors())
          {
            Vector<double> copy;
            ar >> copy;
            VectorType owned(v->locally_owned_elements(), mpi_communicator);
            for (unsigned int i = 0; i < copy.size(); ++i)
              owned[i] = copy[i];
            owned.compress(VectorOperation::insert);
            *v = owned;
          }
      }
    else if constexpr (dim > 1)
      {
        // load() starts from the coarse mesh, with its manifolds and its
        // periodic neighbours.
        triangulation->clear();
        geometry->create_coarse_mesh(*triangulation);
        periodic_boundaries.add_to(*triangulation);
        static_cast<parallel::distributed::Triangulation<dim> &>(*triangulation)
          .load(dir + "/mesh");
        physics->setup_dofs();
        auto                      state = physics->state_vectors();
        std::vector<VectorType>   fresh(state.size());
        std::vector<VectorType *> out;
        for (auto &v : fresh)
          {
            v.reinit(physics->get_dof_handler().locally_owned_dofs(),
                     mpi_communicator);
            out.push_back(&v);
          }
        parallel::distributed::SolutionTransfer<dim, VectorType> transfer(
          physics->get_dof_handler());
        transfer.deserialize(out);
        for (unsigned int k = 0; k < state.size(); ++k)
          *state[k] = fresh[k];
      }
    physics->after_state_transfer(false);

    // Keep the statistics rows up to the checkpoint.
    if (writer)
      {
        const auto header =
          truncate_statistics(output_directory + "/statistics.csv", step);
        if (!header.empty())
          statistics.continue_file(header);
      }
    return true;
  }

  template void
  Simulator<1>::save_checkpoint();
  template void
  Simulator<2>::save_checkpoint();
  template void
  Simulator<3>::save_checkpoint();
  template bool
  Simulator<1>::load_checkpoint();
  template bool
  Simulator<2>::load_checkpoint();
  template bool
  Simulator<3>::load_checkpoint();
} // namespace Fluxion
